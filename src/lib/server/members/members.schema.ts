import { z } from 'zod';
import { ROLES } from '../policy/policy';

export const roleSchema = z.object({
	userId: z.string().trim().min(1, 'required').max(64, 'too_long'),
	role: z.enum(ROLES, 'invalid_choice')
});

export const memberTargetSchema = z.object({
	userId: z.string().trim().min(1, 'required').max(64, 'too_long')
});

export const INVITE_ROLES = ['neighbor', 'steward'] as const;

export const inviteSchema = z.object({
	role: z.enum(INVITE_ROLES, 'invalid_choice').default('neighbor'),
	/** Empty means no limit. */
	maxUses: z
		.union([z.literal(''), z.coerce.number().int('invalid').min(1, 'invalid').max(1000, 'too_long')])
		.optional()
		.transform((v) => (v === '' || v === undefined ? null : v)),
	expiresInDays: z.coerce.number().int('invalid').min(1, 'invalid').max(90, 'too_long').default(14)
});
export type InviteInput = z.infer<typeof inviteSchema>;

export const revokeInviteSchema = z.object({ inviteId: z.string().trim().min(1, 'required').max(64, 'too_long') });
