import type { RouteHandler } from '../context.ts';
import { sendJson } from '../http.ts';

/** GET /health: GoTrue's shape, so health checks written for Supabase work unchanged. */
export const health: RouteHandler = async (_ctx, { res }) => {
  sendJson(res, 200, {
    version: 'switchboard-local',
    name: 'GoTrue',
    description: 'GoTrue is a user registration and authentication API',
  });
};

const EXTERNAL_PROVIDERS = [
  'apple', 'azure', 'bitbucket', 'discord', 'facebook', 'snapchat', 'figma', 'fly', 'github', 'gitlab',
  'google', 'keycloak', 'kakao', 'linkedin', 'linkedin_oidc', 'notion', 'spotify', 'slack', 'slack_oidc',
  'workos', 'twitch', 'twitter', 'zoom',
];

/**
 * GET /settings: what a client may do here. Only email (and, if configured, phone) sign-in exist
 * locally, so every OAuth provider reads as disabled whatever config.toml says about it.
 */
export const settings: RouteHandler = async (ctx, { res }) => {
  const s = ctx.settings;
  sendJson(res, 200, {
    external: {
      anonymous_users: false,
      ...Object.fromEntries(EXTERNAL_PROVIDERS.map((name) => [name, false])),
      email: s.email.enableSignup,
      phone: s.sms.enableSignup,
    },
    disable_signup: !s.enableSignup,
    mailer_autoconfirm: !s.email.enableConfirmations,
    phone_autoconfirm: !s.sms.enableConfirmations,
    sms_provider: '',
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  });
};
