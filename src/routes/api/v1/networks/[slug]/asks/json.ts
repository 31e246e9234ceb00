import { json } from '@sveltejs/kit';
import { errorMessage, translate } from '$lib/i18n/translate';
import { ApiError, apiQueryParam } from '$lib/server/api/respond';
import { boardFilterSchema, type BoardFilter } from '$lib/server/asks/asks.schema';
import { SensitiveTextError, type AskCard, type AskDetail, type AskPrivate } from '$lib/server/asks/asks.service';
import type { Suggestion } from '$lib/server/asks/suggestions';
import { parseWith } from '$lib/server/forms';
import type { OfferCard } from '$lib/server/offers/offers.service';

/**
 * What the asks and offers endpoints send. Every answer is built field by field from a list
 * kept here, never by spreading a service object, so a field added to a service later (an id,
 * a private value) does not reach API clients unless it is added here on purpose.
 */

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** An ask as the board shows it: what is needed, the coarse area, how old. Never who, never where exactly. */
export function askCardJson(c: AskCard) {
	return {
		id: c.id,
		category: c.category,
		description: c.description,
		quantity: c.quantity,
		householdSize: c.householdSize,
		urgency: c.urgency,
		neededBy: c.neededBy,
		languages: [...c.languages],
		areaName: c.areaName,
		needsCar: c.needsCar,
		pickupPoint: c.pickupPoint,
		status: c.status,
		createdAt: c.createdAt.toISOString()
	};
}

/** One ask as the caller may see it; history and access log are null for those not entitled to them. */
export function askDetailJson(d: AskDetail) {
	return {
		card: askCardJson(d.card),
		source: d.source,
		role: { requester: d.role.requester, recorder: d.role.recorder, claimant: d.role.claimant, steward: d.role.steward },
		actions: [...d.actions],
		canReveal: d.canReveal,
		hasPrivate: d.hasPrivate,
		purged: d.purged,
		claimantName: d.claimantName,
		claimedAt: iso(d.claimedAt),
		deliveredAt: iso(d.deliveredAt),
		closedAt: iso(d.closedAt),
		revealUntil: iso(d.revealUntil),
		events:
			d.events?.map((e) => ({
				kind: e.kind,
				fromStatus: e.fromStatus,
				toStatus: e.toStatus,
				actorName: e.actorName,
				claimantName: e.claimantName,
				note: e.note,
				at: e.createdAt.toISOString()
			})) ?? null,
		accessLog: d.accessLog?.map((r) => ({ viewerName: r.viewerName, purpose: r.purpose, at: r.at.toISOString() })) ?? null
	};
}

export function privateJson(p: AskPrivate) {
	return { contactName: p.contactName, address: p.address, phone: p.phone, accessNotes: p.accessNotes };
}

export function suggestionJson(s: Suggestion) {
	return { userId: s.userId, name: s.name, offerId: s.offerId, score: s.score, reasons: s.reasons.map((r) => ({ ...r })) };
}

export function offerCardJson(o: OfferCard) {
	return {
		id: o.id,
		category: o.category,
		description: o.description,
		areaNames: [...o.areaNames],
		availability: o.availability.map((s) => ({ day: s.day, startMinute: s.startMinute, endMinute: s.endMinute })),
		capacityPerWeek: o.capacityPerWeek,
		hasCar: o.hasCar,
		languages: [...o.languages],
		status: o.status,
		createdAt: o.createdAt.toISOString()
	};
}

/** Board filters from the query string (category, area, urgency, language, q); 400 with field messages. */
export function boardFilterFrom(url: URL): BoardFilter {
	const raw: Record<string, string> = {};
	for (const key of ['category', 'area', 'urgency', 'language', 'q']) {
		const v = apiQueryParam(url, key);
		if (v !== null) raw[key] = v;
	}
	const parsed = parseWith(boardFilterSchema, raw);
	if (!parsed.ok) throw new ApiError(400, 'invalid', parsed.errors);
	return parsed.data;
}

/**
 * Runs `fn`; free text that seems to hold what should not be written down is answered 422 with
 * the kinds found (codes, and the same in the caller's language), so a client can warn and resend with confirmSensitive: true.
 */
export async function answeringSensitive(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (!(e instanceof SensitiveTextError)) throw e;
		return json(
			{
				error: {
					code: e.code,
					message: errorMessage(e.code),
					fields: { confirmSensitive: errorMessage(e.code) },
					kinds: [...e.kinds],
					kindMessages: e.kinds.map((kind) => translate(`sensitive_${kind}`))
				}
			},
			{ status: 422 }
		);
	}
}
