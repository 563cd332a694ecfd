import { z } from 'zod';

// Only what the browser can know for sure: the server owns the password rules (length, character
// kinds, leaked-password checks) and explains them when it refuses one.
export const emailSchema = z
  .string()
  .trim()
  .min(1, 'Enter your email address.')
  .pipe(z.email('Enter a valid email address, like name@example.com.'));

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.'),
});

export type Credentials = z.infer<typeof credentialsSchema>;

export const signUpSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Choose a password.'),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
