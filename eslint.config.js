import { readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const features = readdirSync(path.join(root, 'src/features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const shared = ['src/components', 'src/lib', 'src/config', 'src/hooks', 'src/utils', 'src/testing'].map((folder) => `./${folder}`);

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'supabase/functions', 'coverage', 'playwright-report', 'test-results', 'src/lib/database.types.ts'] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // bulletproof-react's dependency direction, checked on resolved paths (the @/ alias and relative
    // imports alike): shared code -> features -> app. Features never import each other; the app composes
    // them. Every folder under src/features is a feature, so a new one is covered without an edit here.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle reads the modules an import leads to: TypeScript ones too, with the TypeScript parser.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      // Resolves as tsc does for src (tsconfig.app.json's paths: @/ and @core/).
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.json'],
          conditionNames: ['import', 'browser', 'default'],
          tsconfig: { configFile: path.join(root, 'tsconfig.app.json') },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            ...features.map((feature) => ({
              target: `./src/features/${feature}`,
              from: './src/features',
              except: [`./${feature}`],
              message: 'A feature must not import another feature: move what both need to src/lib or src/components, or compose them in src/app.',
            })),
            { target: './src/features', from: './src/app', message: 'Features must not depend on the app layer.' },
            { target: shared, from: ['./src/features', './src/app'], message: 'Shared code must not depend on features or the app.' },
            { target: './src', from: ['./scripts', './tests', './e2e'], message: 'The app must not import tooling or test suites.' },
          ],
        },
      ],
      // Type-only imports are not followed (they are gone at run time). Packages are not followed either:
      // no cycle can run through them, and reading them would triple the rule's time.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
);
