import { z } from 'zod';
import { MAX_PASSPHRASE_LENGTH, passphraseProblem } from '../auth/passphrases';

const trimmed = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long');

/** Sign-in name: what a person types to sign in. Lowercase, 3–32 letters, digits, dot, dash, underscore. */
export const usernameField = z
	.string()
	.trim()
	.toLowerCase()
	.min(1, 'required')
	.max(32, 'too_long')
	.regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, 'username_format');

export const displayNameField = trimmed(60);

/** Optional: an empty box means "no email". */
export const optionalEmailField = z
	.string()
	.trim()
	.max(254, 'too_long')
	.transform((v) => (v === '' ? null : v))
	.pipe(z.email('invalid_email').nullable())
	.optional()
	.transform((v) => v ?? null);

const newPassphrase = z.string().min(1, 'required').max(MAX_PASSPHRASE_LENGTH, 'passphrase_too_long');

function confirmMatches<T extends { passphrase: string; passphraseConfirm: string }>(v: T, ctx: z.RefinementCtx) {
	if (v.passphrase !== v.passphraseConfirm) {
		ctx.addIssue({ code: 'custom', message: 'passphrase_mismatch', path: ['passphraseConfirm'] });
	}
}

/**
 * A new passphrase: strength and confirmation are both checked in one pass, so a person sees
 * every problem after one submission, not one per round trip. The service checks strength again.
 */
export function checkNewPassphrase<T extends { passphrase: string; passphraseConfirm: string; username?: string; displayName?: string }>(
	v: T,
	ctx: z.RefinementCtx
) {
	const problem = v.passphrase.length > 0 ? passphraseProblem(v.passphrase, { username: v.username, displayName: v.displayName }) : null;
	if (problem !== null && problem !== 'too_long') {
		ctx.addIssue({ code: 'custom', message: `passphrase_${problem}`, path: ['passphrase'] });
	}
	confirmMatches(v, ctx);
}

export const signUpSchema = z
	.object({
		displayName: displayNameField,
		username: usernameField,
		email: optionalEmailField,
		passphrase: newPassphrase,
		passphraseConfirm: z.string()
	})
	.superRefine(checkNewPassphrase);
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
	username: z.string().trim().toLowerCase().min(1, 'required').max(64, 'too_long'),
	passphrase: z.string().min(1, 'required').max(MAX_PASSPHRASE_LENGTH, 'too_long')
});
export type SignInInput = z.infer<typeof signInSchema>;

export const changePassphraseSchema = z
	.object({
		current: z.string().min(1, 'required').max(MAX_PASSPHRASE_LENGTH, 'too_long'),
		passphrase: newPassphrase,
		passphraseConfirm: z.string()
	})
	.superRefine(checkNewPassphrase);
export type ChangePassphraseInput = z.infer<typeof changePassphraseSchema>;

export const recoverSchema = z
	.object({
		username: z.string().trim().toLowerCase().min(1, 'required').max(64, 'too_long'),
		code: z.string().trim().min(1, 'required').max(40, 'too_long'),
		passphrase: newPassphrase,
		passphraseConfirm: z.string()
	})
	.superRefine(checkNewPassphrase);
export type RecoverInput = z.infer<typeof recoverSchema>;

export const profileSchema = z.object({
	displayName: displayNameField,
	email: optionalEmailField
});
export type ProfileInput = z.infer<typeof profileSchema>;

export const confirmWithPassphraseSchema = z.object({
	passphrase: z.string().min(1, 'required').max(MAX_PASSPHRASE_LENGTH, 'too_long')
});

export const deleteAccountSchema = z.object({
	passphrase: z.string().min(1, 'required').max(MAX_PASSPHRASE_LENGTH, 'too_long'),
	confirm: z.literal('yes', 'confirm_required')
});
