import { z } from 'zod';
import { checkNewPassphrase, displayNameField, optionalEmailField, usernameField } from '../accounts/accounts.schema';
import { MAX_PASSPHRASE_LENGTH } from '../auth/passphrases';
import { JOIN_POLICIES, slugField } from '../networks/networks.schema';

export const setupSchema = z
	.object({
		setupCode: z.string().trim().min(1, 'required').max(40, 'too_long'),
		networkName: z.string().trim().min(1, 'required').max(80, 'too_long'),
		networkSlug: slugField,
		joinPolicy: z.enum(JOIN_POLICIES, 'invalid_choice'),
		displayName: displayNameField,
		username: usernameField,
		email: optionalEmailField,
		passphrase: z.string().min(1, 'required').max(MAX_PASSPHRASE_LENGTH, 'passphrase_too_long'),
		passphraseConfirm: z.string()
	})
	.superRefine(checkNewPassphrase);
export type SetupInput = z.infer<typeof setupSchema>;

export const instanceSettingsSchema = z.object({
	networkCreation: z.enum(['anyone', 'admins'], 'invalid_choice')
});
