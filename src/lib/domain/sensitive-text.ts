/**
 * Things that should not be written into a mutual aid record, because a leaked or subpoenaed
 * database would hurt the family: immigration status, identity numbers, dates of birth. This
 * does not block anything; it finds them so the form can warn the person, in their language,
 * before they submit. Patterns are deliberately broad: a needless warning costs a second look,
 * a missed one can cost a family.
 */

export type SensitiveKind = 'immigration_status' | 'id_number' | 'date_of_birth';

const IMMIGRATION = [
	// English
	/\bundocumented\b/i,
	/\billegal(s|ly)?\b/i,
	/\b(illegal|unlawful) (alien|immigrant)s?\b/i,
	/\bno papers\b/i,
	/\bvisas?\b/i,
	/\bgreen ?card\b/i,
	/\basylum\b/i,
	/\brefugee status\b/i,
	/\bdeport(ed|ation|able)?\b/i,
	/\boverstay(ed)?\b/i,
	/\bimmigration status\b/i,
	/\b(ICE|USCIS|CBP|DACA|TPS)\b/,
	/\bcitizenship\b/i,
	// Spanish
	/\bindocumentad[oa]s?\b/i,
	/\bsin papeles\b/i,
	/\bilegal(es)?\b/i,
	/\bmojad[oa]s?\b/i,
	/\basilo\b/i,
	/\bdeportad[oa]s?\b/i,
	/\bdeportaci[oó]n\b/i,
	/\bla migra\b/i,
	/\bestatus migratorio\b/i,
	/\bsituaci[oó]n migratoria\b/i,
	/\btarjeta verde\b/i,
	/\bresidencia\b/i,
	/\bciudadan[ií]a\b/i
];

const ID_NUMBER = [
	/\b\d{3}-\d{2}-\d{4}\b/, // US social security number
	/\b\d{9}\b/, // nine digits together (SSN, ITIN, passport)
	/\bA-?\d{8,9}\b/i, // alien registration number
	/\b(SSN|ITIN|social security|seguro social|pasaporte|passport|matr[ií]cula consular|CURP)\b/i,
	/\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b/ // Mexican CURP
];

const DATE_OF_BIRTH = [
	/\b(DOB|D\.O\.B\.?|date of birth|born (on|in)|birthday|fecha de nacimiento|naci[oó] el|nacid[oa] el|cumplea[ñn]os)\b/i,
	/\b\d{1,2}[/.-]\d{1,2}[/.-](19|20)\d{2}\b/, // 03/14/1987, 14.03.1987
	/\b(19|20)\d{2}-\d{2}-\d{2}\b/ // 1987-03-14
];

const KINDS: ReadonlyArray<[SensitiveKind, readonly RegExp[]]> = [
	['immigration_status', IMMIGRATION],
	['id_number', ID_NUMBER],
	['date_of_birth', DATE_OF_BIRTH]
];

/** The kinds of sensitive detail found in any of `texts`, in a fixed order, each once. */
export function findSensitive(...texts: (string | null | undefined)[]): SensitiveKind[] {
	const joined = texts.filter((t): t is string => typeof t === 'string' && t.length > 0).join('\n');
	if (joined === '') return [];
	return KINDS.filter(([, patterns]) => patterns.some((p) => p.test(joined))).map(([kind]) => kind);
}
