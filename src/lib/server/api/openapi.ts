/**
 * The API description (OpenAPI 3.1), served at /api/v1/openapi.json. A test checks that every
 * endpoint under src/routes/api/v1 is described here and that nothing described is missing.
 */
const errorResponse = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
});

const slugParam = { name: 'slug', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } };
const pageParam = { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } };
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string' } });
const jsonBody = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const jsonOk = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const filterParams = [
	{ name: 'category', in: 'query', required: false, description: 'A category code', schema: { type: 'string', maxLength: 40 } },
	{ name: 'area', in: 'query', required: false, description: 'An area id (see GET /networks/{slug})', schema: { type: 'string', maxLength: 64 } },
	{ name: 'language', in: 'query', required: false, description: 'An ISO 639-1 code', schema: { type: 'string', maxLength: 10 } }
];
const memberErrors = {
	'401': errorResponse('No valid token'),
	'403': errorResponse('Not an active member of this network'),
	'404': errorResponse('No such network')
};
const stepResult = jsonOk('The ask’s status after the step', {
	type: 'object',
	required: ['id', 'status'],
	properties: { id: { type: 'string' }, status: { $ref: '#/components/schemas/AskStatus' } }
});
const isoDate = { type: 'string', format: 'date-time' };
const isoDateOrNull = { type: ['string', 'null'], format: 'date-time' };
const fundIdParam = { name: 'fundId', in: 'path', required: true, description: 'Fund id', schema: { type: 'string' } };
const minor = (description: string) => ({ type: 'integer', description: `${description}, in the currency's minor unit (cents for USD)` });
const minorOrNull = (description: string) => ({ type: ['integer', 'null'], description: `${description}, in minor units` });
const calendarDate = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
const calendarDateOrNull = { type: ['string', 'null'], format: 'date', description: 'YYYY-MM-DD' };
const fundErrors = {
	'401': errorResponse('No valid token'),
	'403': errorResponse('Not an active member of this network'),
	'404': errorResponse('No such network or fund')
};
const sensitive = {
	description: 'Sensitive text in the note, payee or household: resend with confirmSensitive: true',
	content: { 'application/json': { schema: { $ref: '#/components/schemas/SensitiveError' } } }
};

export const openApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'Hearth API',
		version: '1.0.0',
		description:
			'JSON API over the same services and rules as the web pages. Authenticate with a personal API token (create one under My account → API tokens) sent as `Authorization: Bearer hth_…`. Cookies are not accepted here. Error messages follow `Accept-Language` (en, es).'
	},
	servers: [{ url: '/api/v1' }],
	security: [{ bearerToken: [] }],
	components: {
		securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (hth_…); only its SHA-256 is stored.' } },
		schemas: {
			Error: {
				type: 'object',
				required: ['error'],
				properties: {
					error: {
						type: 'object',
						required: ['code', 'message'],
						properties: {
							code: { type: 'string', examples: ['slug_taken', 'forbidden', 'invalid'] },
							message: { type: 'string', description: "In the caller's language" },
							fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Message per invalid field' }
						}
					}
				}
			},
			JoinPolicy: { type: 'string', enum: ['open', 'invite', 'approval'] },
			Role: { type: 'string', enum: ['neighbor', 'steward', 'admin'] },
			Membership: {
				type: ['object', 'null'],
				properties: { role: { $ref: '#/components/schemas/Role' }, status: { type: 'string', enum: ['active', 'pending'] } }
			},
			NetworkSummary: {
				type: 'object',
				required: ['slug', 'name', 'description', 'languages', 'joinPolicy', 'memberCount', 'createdAt'],
				properties: {
					slug: { type: 'string' },
					name: { type: 'string' },
					description: { type: 'string' },
					languages: { type: 'array', items: { type: 'string' } },
					joinPolicy: { $ref: '#/components/schemas/JoinPolicy' },
					memberCount: { type: 'integer' },
					createdAt: { type: 'string', format: 'date-time' }
				}
			},
			Network: {
				allOf: [
					{ $ref: '#/components/schemas/NetworkSummary' },
					{
						type: 'object',
						properties: {
							areas: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
							membership: { $ref: '#/components/schemas/Membership' }
						}
					}
				]
			},
			NetworkInput: {
				type: 'object',
				required: ['name', 'slug', 'languages', 'joinPolicy'],
				properties: {
					name: { type: 'string', maxLength: 80 },
					slug: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 3, maxLength: 40 },
					description: { type: 'string', maxLength: 2000 },
					areas: { type: 'array', items: { type: 'string', maxLength: 60 }, maxItems: 50 },
					languages: { type: 'array', items: { type: 'string', enum: ['en', 'es'] }, minItems: 1 },
					joinPolicy: { $ref: '#/components/schemas/JoinPolicy' }
				}
			},
			NetworkPatch: {
				description:
					'Only the keys sent change; a key left out keeps its value. Areas taken off the list are archived, not deleted: asks and offers made in them keep their area (and show its name); listing the name again brings the same area back.',
				type: 'object',
				properties: {
					name: { type: 'string', maxLength: 80 },
					description: { type: 'string', maxLength: 2000 },
					areas: { type: 'array', items: { type: 'string', maxLength: 60 }, maxItems: 50 },
					languages: { type: 'array', items: { type: 'string', enum: ['en', 'es'] }, minItems: 1 },
					joinPolicy: { $ref: '#/components/schemas/JoinPolicy' }
				}
			},
			Member: {
				type: 'object',
				properties: {
					userId: { type: 'string' },
					displayName: { type: 'string' },
					role: { $ref: '#/components/schemas/Role' },
					status: { type: 'string', enum: ['active', 'pending'] },
					joinedAt: { type: 'string', format: 'date-time' }
				}
			},
			SensitiveError: {
				description:
					'422 sensitive_unconfirmed: free text seems to hold what should not be written down (immigration status, an ID number, a date of birth). Show the kinds, and resend with confirmSensitive: true if it is meant.',
				allOf: [
					{ $ref: '#/components/schemas/Error' },
					{
						type: 'object',
						properties: {
							error: {
								type: 'object',
								required: ['kinds', 'kindMessages'],
								properties: {
									kinds: { type: 'array', items: { type: 'string', enum: ['immigration_status', 'id_number', 'date_of_birth'] } },
									kindMessages: { type: 'array', items: { type: 'string' }, description: "The same, in the caller's language" }
								}
							}
						}
					}
				]
			},
			AskStatus: { type: 'string', enum: ['review', 'open', 'claimed', 'picked_up', 'delivered', 'closed', 'cancelled', 'expired'] },
			AskAction: {
				type: 'string',
				enum: ['approve', 'claim', 'release', 'hand_over', 'reassign', 'pick_up', 'deliver', 'could_not_deliver', 'confirm', 'cancel']
			},
			Urgency: { type: 'string', enum: ['today', 'days', 'week', 'whenever'] },
			AskCard: {
				type: 'object',
				description: 'What the board shows of an ask. Never who asked, recorded or claimed it; never the private part.',
				required: ['id', 'category', 'description', 'urgency', 'languages', 'areaName', 'needsCar', 'status', 'createdAt'],
				properties: {
					id: { type: 'string' },
					category: { type: 'string' },
					description: { type: 'string' },
					quantity: { type: ['string', 'null'] },
					householdSize: { type: ['integer', 'null'] },
					urgency: { $ref: '#/components/schemas/Urgency' },
					neededBy: { type: ['string', 'null'], format: 'date' },
					languages: { type: 'array', items: { type: 'string' } },
					areaName: { type: 'string' },
					needsCar: { type: 'boolean' },
					pickupPoint: { type: ['string', 'null'] },
					status: { $ref: '#/components/schemas/AskStatus' },
					createdAt: isoDate
				}
			},
			AskPage: {
				type: 'object',
				properties: {
					items: { type: 'array', items: { $ref: '#/components/schemas/AskCard' } },
					page: { type: 'integer' },
					pageCount: { type: 'integer' },
					total: { type: 'integer', description: 'Matching asks, counted up to 1000' },
					more: { type: 'boolean', description: 'More than 1000 match: narrow the filters; pages stop at 50' }
				}
			},
			AskDetail: {
				type: 'object',
				properties: {
					card: { $ref: '#/components/schemas/AskCard' },
					source: { type: 'string', enum: ['self', 'on_behalf', 'intake'] },
					role: {
						type: 'object',
						description: 'How the caller is involved',
						properties: { requester: { type: 'boolean' }, recorder: { type: 'boolean' }, claimant: { type: 'boolean' }, steward: { type: 'boolean' } }
					},
					actions: { type: 'array', items: { $ref: '#/components/schemas/AskAction' }, description: 'Steps the caller may take now' },
					canReveal: { type: 'boolean', description: 'Whether POST …/reveal would show the private part now' },
					hasPrivate: { type: 'boolean' },
					purged: { type: 'boolean' },
					claimantName: { type: ['string', 'null'] },
					claimedAt: isoDateOrNull,
					deliveredAt: isoDateOrNull,
					closedAt: isoDateOrNull,
					revealUntil: { ...isoDateOrNull, description: 'For the claimant after delivery: when the private part stops being shown' },
					events: {
						type: ['array', 'null'],
						description: 'The history: for the people involved and stewards, null for others',
						items: {
							type: 'object',
							properties: {
								kind: { type: 'string' },
								fromStatus: { type: ['string', 'null'] },
								toStatus: { type: 'string' },
								actorName: { type: ['string', 'null'] },
								claimantName: { type: ['string', 'null'] },
								note: { type: ['string', 'null'] },
								at: isoDate
							}
						}
					},
					accessLog: {
						type: ['array', 'null'],
						description: 'Who viewed the private part: for the person who asked and stewards, null for others',
						items: { type: 'object', properties: { viewerName: { type: ['string', 'null'] }, purpose: { type: 'string' }, at: isoDate } }
					}
				}
			},
			AskInput: {
				type: 'object',
				required: ['category', 'description', 'urgency', 'area'],
				properties: {
					category: { type: 'string', maxLength: 40, description: 'One of the network’s category codes' },
					description: { type: 'string', minLength: 1, maxLength: 280 },
					quantity: { type: ['string', 'null'], maxLength: 60 },
					householdSize: { type: ['integer', 'null'], minimum: 1, maximum: 30 },
					urgency: { $ref: '#/components/schemas/Urgency' },
					neededBy: { type: ['string', 'null'], format: 'date', description: 'YYYY-MM-DD, not in the past' },
					languages: { type: 'array', items: { type: 'string' }, maxItems: 10, description: 'ISO 639-1 codes' },
					area: { type: 'string', description: 'An area id of the network' },
					needsCar: { type: 'boolean' },
					pickupPoint: { type: ['string', 'null'], maxLength: 200 },
					contactName: { type: ['string', 'null'], maxLength: 80, description: 'Private' },
					address: { type: ['string', 'null'], maxLength: 300, description: 'Private' },
					phone: { type: ['string', 'null'], maxLength: 40, description: 'Private' },
					accessNotes: { type: ['string', 'null'], maxLength: 500, description: 'Private' },
					confirmSensitive: { type: 'boolean', description: 'Send as written after a 422 sensitive_unconfirmed' },
					onBehalf: { type: 'boolean', default: false, description: 'Stewards: record the ask for a neighbour without an account' }
				}
			},
			AskPrivate: {
				type: 'object',
				required: ['contactName', 'address', 'phone', 'accessNotes'],
				properties: {
					contactName: { type: ['string', 'null'] },
					address: { type: ['string', 'null'] },
					phone: { type: ['string', 'null'] },
					accessNotes: { type: ['string', 'null'] }
				}
			},
			StepInput: {
				type: 'object',
				required: ['action'],
				properties: {
					action: { type: 'string', enum: ['approve', 'release', 'hand_over', 'reassign', 'pick_up', 'deliver', 'could_not_deliver', 'confirm', 'cancel'] },
					note: { type: ['string', 'null'], maxLength: 280, description: 'Required for could_not_deliver' },
					targetUserId: { type: ['string', 'null'], description: 'Required for hand_over and reassign: an active member' }
				}
			},
			Suggestion: {
				type: 'object',
				properties: {
					userId: { type: 'string' },
					name: { type: 'string' },
					offerId: { type: 'string' },
					score: { type: 'number', minimum: 0, maximum: 100 },
					reasons: {
						type: 'array',
						items: {
							type: 'object',
							required: ['code'],
							properties: {
								code: {
									type: 'string',
									enum: ['offers_category', 'serves_area', 'serves_nearby_area', 'speaks', 'available', 'has_car', 'claims_this_week', 'urgency']
								}
							},
							additionalProperties: true
						}
					}
				}
			},
			Offer: {
				type: 'object',
				description: 'An offer of help as the board shows it: never who offers.',
				properties: {
					id: { type: 'string' },
					category: { type: 'string' },
					description: { type: 'string' },
					areaNames: { type: 'array', items: { type: 'string' } },
					availability: {
						type: 'array',
						items: {
							type: 'object',
							properties: {
								day: { type: 'integer', minimum: 0, maximum: 6, description: '0 = Sunday' },
								startMinute: { type: 'integer', minimum: 0, maximum: 1439 },
								endMinute: { type: 'integer', minimum: 1, maximum: 1440 }
							}
						}
					},
					capacityPerWeek: { type: ['integer', 'null'] },
					hasCar: { type: 'boolean' },
					languages: { type: 'array', items: { type: 'string' } },
					status: { type: 'string', enum: ['active', 'closed'] },
					createdAt: isoDate
				}
			},
			FundPurpose: { type: 'string', enum: ['rent', 'utilities', 'medicine', 'other'] },
			PaymentMethod: { type: 'string', enum: ['cash', 'check', 'bank_transfer', 'card_processor', 'payment_app', 'other'] },
			FundRequestStatus: { type: 'string', enum: ['pending', 'info_requested', 'waitlisted', 'approved', 'paid', 'declined', 'cancelled'] },
			FundRequestAction: { type: 'string', enum: ['comment', 'ask_info', 'approve', 'decline', 'cancel', 'pay'] },
			DeclineReason: { type: 'string', enum: ['over_limit', 'not_eligible', 'no_funds', 'duplicate', 'missing_information', 'other'] },
			Fund: {
				type: 'object',
				description: 'A fund of the network and its rules. Amounts are integers in the fund currency’s minor unit.',
				required: ['id', 'name', 'purpose', 'currency', 'minorDigits', 'approvalsRequired', 'approverMode', 'publicPage', 'status', 'createdAt'],
				properties: {
					id: { type: 'string' },
					name: { type: 'string' },
					purpose: { type: 'string' },
					currency: { type: 'string', description: 'ISO 4217 code' },
					minorDigits: { type: 'integer', description: 'Digits of the minor unit (2 for USD, 0 for JPY)' },
					approvalsRequired: { type: 'integer', minimum: 2, maximum: 7 },
					approverMode: { type: 'string', enum: ['stewards', 'named'] },
					maxPerRequestMinor: minorOrNull('Largest amount one request may ask for'),
					maxPerHouseholdMinor: minorOrNull('Most one household may receive in 90 days'),
					allowWaitlist: { type: 'boolean', description: 'Approved requests wait for money instead of being refused' },
					kThreshold: { type: 'integer', minimum: 3, description: 'No public figure is built from fewer than this many paid requests' },
					retentionDays: { type: 'integer', description: 'Days after a request is finished before its private part is erased' },
					publicPage: { type: 'boolean' },
					status: { type: 'string', enum: ['active', 'closed'] },
					createdAt: isoDate
				}
			},
			FundRoles: {
				type: 'object',
				description: 'How the caller stands to the fund',
				properties: { member: { type: 'boolean' }, steward: { type: 'boolean' }, admin: { type: 'boolean' }, approver: { type: 'boolean' } }
			},
			FundBalances: {
				type: 'object',
				description: 'Current balances from the double-entry ledger (members only)',
				properties: {
					cashMinor: minor('Money the fund holds'),
					owedMinor: minor('Approved help not yet paid'),
					availableMinor: minor('Cash minus what is owed: what can still be promised'),
					donatedMinor: minor('Everything given'),
					feesMinor: minor('What payment processors kept'),
					grantedMinor: minor('Help approved, paid or not'),
					transferredOutMinor: minor('Net money moved to other funds')
				}
			},
			FundReport: {
				type: 'object',
				description:
					'The public figures, k-anonymous: only complete calendar months, grouped into periods of at least k paid requests; nothing about a period with fewer is published, and the balance is frozen at the end of the last published period.',
				properties: {
					k: { type: 'integer' },
					cutoff: { type: ['string', 'null'], description: 'YYYY-MM: last month of the last published period' },
					balanceMinor: { type: ['integer', 'null'] },
					periods: {
						type: 'array',
						items: {
							type: 'object',
							properties: {
								from: { type: 'string' },
								to: { type: 'string' },
								inMinor: { type: 'integer' },
								feesMinor: { type: 'integer' },
								transfersMinor: { type: 'integer' },
								correctionsMinor: { type: 'integer' },
								outMinor: { type: 'integer' },
								requests: { type: 'integer' },
								households: { type: 'integer' }
							}
						}
					},
					byCategory: {
						type: 'array',
						items: {
							type: 'object',
							properties: {
								category: { type: 'string', enum: ['rent', 'utilities', 'medicine', 'other', 'combined'] },
								outMinor: { type: 'integer' },
								requests: { type: 'integer' }
							}
						}
					},
					totals: {
						type: 'object',
						properties: {
							inMinor: { type: 'integer' },
							feesMinor: { type: 'integer' },
							outMinor: { type: 'integer' },
							requests: { type: 'integer' },
							households: { type: 'integer' },
							medianDaysToPay: { type: ['number', 'null'] }
						}
					},
					inByMonth: {
						type: 'array',
						items: {
							type: 'object',
							properties: { month: { type: 'string' }, inMinor: { type: 'integer' }, donations: { type: 'integer' }, feesMinor: { type: 'integer' } }
						}
					},
					unpublished: { type: 'object', properties: { since: { type: ['string', 'null'], description: 'YYYY-MM' } } }
				}
			},
			FundInput: {
				type: 'object',
				required: ['name'],
				properties: {
					name: { type: 'string', minLength: 1, maxLength: 80, description: 'Unique within the network' },
					purpose: { type: 'string', maxLength: 500 },
					currency: { type: 'string', pattern: '^[A-Za-z]{3}$', default: 'USD' },
					approvalsRequired: { type: 'integer', minimum: 2, maximum: 7, default: 2 },
					approverMode: { type: 'string', enum: ['stewards', 'named'], default: 'stewards' },
					approverIds: { type: 'array', items: { type: 'string' }, maxItems: 50, description: 'For named: active members, at least approvalsRequired + 1' },
					maxPerRequest: { type: ['integer', 'null'], minimum: 1, description: 'In minor units' },
					maxPerHousehold: { type: ['integer', 'null'], minimum: 1, description: 'In minor units, over 90 days' },
					allowWaitlist: { type: 'boolean', default: false },
					kThreshold: { type: 'integer', minimum: 3, maximum: 50, default: 5 },
					retentionDays: { type: 'integer', minimum: 1, maximum: 3650, default: 30 },
					publicPage: { type: 'boolean', default: true },
					closed: { type: 'boolean', default: false }
				}
			},
			Donation: {
				type: 'object',
				properties: {
					id: { type: 'string' },
					amountMinor: { type: 'integer' },
					feeMinor: { type: 'integer' },
					receivedOn: calendarDate,
					method: { $ref: '#/components/schemas/PaymentMethod' },
					donorName: { type: ['string', 'null'] },
					recurring: { type: 'boolean' },
					reference: { type: ['string', 'null'], description: 'The payment provider’s reference' },
					source: { type: 'string', enum: ['manual', 'import'] },
					reversedAt: isoDateOrNull,
					createdAt: isoDate
				}
			},
			DonationInput: {
				type: 'object',
				required: ['amount', 'receivedOn', 'method'],
				properties: {
					amount: { type: 'integer', minimum: 1, description: 'Gross amount in minor units' },
					fee: { type: ['integer', 'null'], minimum: 1, description: 'What the processor kept, in minor units; less than the amount' },
					receivedOn: { ...calendarDate, description: 'YYYY-MM-DD, not in the future' },
					method: { $ref: '#/components/schemas/PaymentMethod' },
					donorName: { type: ['string', 'null'], maxLength: 120 },
					recurring: { type: 'boolean', default: false },
					reference: { type: ['string', 'null'], maxLength: 120, description: 'Unique within the fund' }
				}
			},
			FundRequestItem: {
				type: 'object',
				description: 'A request as the list shows it: no names, no notes, the day it came in',
				properties: {
					id: { type: ['string', 'null'], description: 'Only on requests the caller may open' },
					purpose: { $ref: '#/components/schemas/FundPurpose' },
					amountMinor: { type: 'integer' },
					approvedMinor: { type: ['integer', 'null'] },
					status: { $ref: '#/components/schemas/FundRequestStatus' },
					createdOn: calendarDate,
					dueOn: calendarDateOrNull,
					approvals: { type: 'integer' },
					mine: { type: 'boolean', description: 'The caller’s own, or recorded by the caller' }
				}
			},
			FundRequestInput: {
				type: 'object',
				required: ['purpose', 'amount'],
				properties: {
					purpose: { $ref: '#/components/schemas/FundPurpose' },
					amount: { type: 'integer', minimum: 1, description: 'In minor units' },
					dueOn: calendarDateOrNull,
					note: { type: ['string', 'null'], maxLength: 1000, description: 'Private' },
					payeeName: { type: ['string', 'null'], maxLength: 120, description: 'Private: who is paid (a landlord, a utility)' },
					payeeReference: { type: ['string', 'null'], maxLength: 120, description: 'Private: an account or invoice number' },
					household: {
						type: ['string', 'null'],
						maxLength: 120,
						description: 'For onBehalf: names the household for the per-household limit; kept only as a keyed hash'
					},
					askId: { type: ['string', 'null'], description: 'A rent-or-bills ask this request carries over' },
					confirmSensitive: { type: 'boolean' },
					onBehalf: { type: 'boolean', default: false, description: 'Stewards: record the request for a neighbour' }
				}
			},
			FundRequestPrivate: {
				type: 'object',
				required: ['note', 'payeeName', 'payeeReference'],
				properties: { note: { type: ['string', 'null'] }, payeeName: { type: ['string', 'null'] }, payeeReference: { type: ['string', 'null'] } }
			},
			FundRequestDetail: {
				type: 'object',
				properties: {
					id: { type: 'string' },
					source: { type: 'string', enum: ['self', 'on_behalf'] },
					requesterName: { type: ['string', 'null'], description: 'For approvers and stewards' },
					purpose: { $ref: '#/components/schemas/FundPurpose' },
					amountMinor: { type: 'integer' },
					approvedMinor: { type: ['integer', 'null'] },
					status: { $ref: '#/components/schemas/FundRequestStatus' },
					declineReason: { type: ['string', 'null'] },
					dueOn: calendarDateOrNull,
					askId: { type: ['string', 'null'] },
					createdAt: isoDate,
					decidedAt: isoDateOrNull,
					paidAt: isoDateOrNull,
					paymentMethod: { type: ['string', 'null'] },
					paymentReference: { type: ['string', 'null'], description: 'What the payer noted when paying (a check number)' },
					approvals: { type: 'integer' },
					approvalsRequired: { type: 'integer' },
					decisions: {
						type: 'array',
						items: {
							type: 'object',
							properties: {
								id: { type: 'string' },
								kind: { type: 'string', enum: ['comment', 'ask_info', 'approve', 'decline', 'cancel', 'waitlist', 'fund', 'pay'] },
								actorName: { type: ['string', 'null'] },
								amountMinor: { type: ['integer', 'null'] },
								reason: { type: ['string', 'null'] },
								hasNote: { type: 'boolean' },
								note: { type: ['string', 'null'], description: 'For the person the request is for; approvers use …/reveal' },
								createdAt: isoDate
							}
						}
					},
					actions: { type: 'array', items: { $ref: '#/components/schemas/FundRequestAction' }, description: 'Steps the caller may take now' },
					roles: {
						type: 'object',
						properties: {
							requester: { type: 'boolean' },
							recorder: { type: 'boolean' },
							approver: { type: 'boolean' },
							steward: { type: 'boolean' },
							hasApproved: { type: 'boolean' }
						}
					},
					privatePurged: { type: 'boolean' },
					own: {
						oneOf: [{ $ref: '#/components/schemas/FundRequestPrivate' }, { type: 'null' }],
						description: 'The person the request is for: their own note and payee details; null for everyone else'
					},
					household: {
						type: ['object', 'null'],
						description: 'For approvers: what this household received in 90 days, and the fund’s limit',
						properties: { usedMinor: { type: 'integer' }, capMinor: { type: ['integer', 'null'] }, roomMinor: { type: ['integer', 'null'] } }
					},
					accessLog: {
						type: ['array', 'null'],
						description: 'Who read the private part: for the person the request is for, null for others',
						items: {
							type: 'object',
							properties: { field: { type: 'string' }, purpose: { type: 'string' }, viewerName: { type: ['string', 'null'] }, at: isoDate }
						}
					}
				}
			},
			DecisionInput: {
				type: 'object',
				required: ['action'],
				properties: {
					action: { $ref: '#/components/schemas/FundRequestAction' },
					amount: { type: ['integer', 'null'], minimum: 1, description: 'approve: a smaller amount than asked, in minor units' },
					reason: { oneOf: [{ $ref: '#/components/schemas/DeclineReason' }, { type: 'null' }], description: 'Required for decline' },
					note: { type: ['string', 'null'], maxLength: 1000, description: 'Required for comment and ask_info; private' },
					method: { oneOf: [{ $ref: '#/components/schemas/PaymentMethod' }, { type: 'null' }], description: 'Required for pay' },
					reference: { type: ['string', 'null'], maxLength: 120, description: 'pay: a check or transfer number' },
					paidOn: { ...calendarDateOrNull, description: 'pay: YYYY-MM-DD, not in the future; today when absent' },
					confirmSensitive: { type: 'boolean' }
				}
			},
			OfferInput: {
				type: 'object',
				required: ['category', 'description'],
				properties: {
					category: { type: 'string', maxLength: 40 },
					description: { type: 'string', minLength: 1, maxLength: 280 },
					areas: { type: 'array', items: { type: 'string' }, maxItems: 50, description: 'Area ids; none means every area' },
					days: { type: 'array', items: { type: 'string', enum: ['0', '1', '2', '3', '4', '5', '6'] }, description: '0 = Sunday' },
					from: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: '09:00' },
					to: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: '18:00' },
					capacityPerWeek: { type: ['integer', 'null'], minimum: 1, maximum: 50 },
					hasCar: { type: 'boolean' },
					languages: { type: 'array', items: { type: 'string' }, maxItems: 10 }
				}
			}
		}
	},
	paths: {
		'/': {
			get: { summary: 'API entry point', security: [], responses: { '200': { description: 'Name and version' } } }
		},
		'/openapi.json': {
			get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1 document' } } }
		},
		'/me': {
			get: {
				summary: "The token owner's account and networks",
				responses: { '200': { description: 'Account' }, '401': errorResponse('No valid token') }
			}
		},
		'/networks': {
			get: {
				summary: 'Networks on this instance',
				security: [],
				parameters: [pageParam],
				responses: {
					'200': {
						description: 'One page of networks',
						content: {
							'application/json': {
								schema: {
									type: 'object',
									properties: {
										items: { type: 'array', items: { $ref: '#/components/schemas/NetworkSummary' } },
										page: { type: 'integer' },
										pageCount: { type: 'integer' },
										total: { type: 'integer' }
									}
								}
							}
						}
					},
					'400': errorResponse('Bad page number')
				}
			},
			post: {
				summary: 'Create a network (you become its first admin)',
				requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NetworkInput' } } } },
				responses: {
					'201': { description: 'Created' },
					'400': errorResponse('Invalid fields'),
					'401': errorResponse('No valid token'),
					'403': errorResponse('This instance lets only its admins create networks'),
					'409': errorResponse('Slug taken'),
					'413': errorResponse('Body too large'),
					'415': errorResponse('Not JSON')
				}
			}
		},
		'/networks/{slug}': {
			parameters: [slugParam],
			get: {
				summary: 'A network’s public face, and your membership',
				security: [{}, { bearerToken: [] }],
				responses: {
					'200': { description: 'Network', content: { 'application/json': { schema: { $ref: '#/components/schemas/Network' } } } },
					'404': errorResponse('No such network')
				}
			},
			patch: {
				summary: 'Change settings (admins): only the keys sent',
				requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NetworkPatch' } } } },
				responses: {
					'200': { description: 'Updated network' },
					'400': errorResponse('Invalid fields'),
					'401': errorResponse('No valid token'),
					'403': errorResponse('Not an admin of this network'),
					'404': errorResponse('No such network')
				}
			}
		},
		'/networks/{slug}/membership': {
			parameters: [slugParam],
			post: {
				summary: 'Join by the network’s policy, or with an invite token',
				requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { invite: { type: 'string' } } } } } },
				responses: {
					'201': { description: 'Joined ("active") or asked to join ("pending")' },
					'400': errorResponse('Invite not valid'),
					'401': errorResponse('No valid token'),
					'403': errorResponse('Already a member, or the network needs an invite'),
					'404': errorResponse('No such network'),
					'409': errorResponse('Already asked to join (send an invite to come in at once)')
				}
			},
			delete: {
				summary: 'Leave, or withdraw a request',
				responses: {
					'204': { description: 'Left' },
					'401': errorResponse('No valid token'),
					'403': errorResponse('Not a member'),
					'409': errorResponse('You are the last admin')
				}
			}
		},
		'/networks/{slug}/members': {
			parameters: [slugParam],
			get: {
				summary: 'Members or pending requests (stewards and admins)',
				parameters: [
					pageParam,
					{ name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['active', 'pending'], default: 'active' } },
					{ name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 60 } }
				],
				responses: {
					'200': {
						description: 'One page of members',
						content: {
							'application/json': {
								schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Member' } } } }
							}
						}
					},
					'401': errorResponse('No valid token'),
					'403': errorResponse('Neighbours and outsiders may not list members'),
					'404': errorResponse('No such network')
				}
			}
		},
		'/networks/{slug}/members/{userId}': {
			parameters: [slugParam, { name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
			patch: {
				summary: 'Approve a request and/or change a role (admins)',
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: { type: 'object', properties: { role: { $ref: '#/components/schemas/Role' }, status: { const: 'active' } } }
						}
					}
				},
				responses: {
					'204': { description: 'Done' },
					'400': errorResponse('Invalid fields'),
					'403': errorResponse('Not an admin of this network'),
					'404': errorResponse('Not a member'),
					'409': errorResponse('Would leave the network without an admin')
				}
			},
			delete: {
				summary: 'Remove a member or decline a request (admins)',
				responses: {
					'204': { description: 'Removed' },
					'403': errorResponse('Not an admin of this network'),
					'404': errorResponse('Not a member'),
					'409': errorResponse('Would leave the network without an admin')
				}
			}
		},
		'/networks/{slug}/asks': {
			parameters: [slugParam],
			get: {
				summary: 'The board of open asks (members); asks waiting for review with ?status=review (stewards)',
				parameters: [
					pageParam,
					...filterParams,
					{ name: 'urgency', in: 'query', required: false, schema: { $ref: '#/components/schemas/Urgency' } },
					{ name: 'q', in: 'query', required: false, description: 'Words in the description', schema: { type: 'string', maxLength: 100 } },
					{ name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'review'], default: 'open' } }
				],
				responses: {
					'200': jsonOk('One page of asks (cards only)', { $ref: '#/components/schemas/AskPage' }),
					'400': errorResponse('Bad filter or page'),
					...memberErrors,
					'403': errorResponse('Not an active member (or ?status=review without being a steward)')
				}
			},
			post: {
				summary: 'Ask for help; stewards can record an ask for someone else with onBehalf: true',
				requestBody: jsonBody('AskInput'),
				responses: {
					'201': jsonOk(
						'Created and open. followToken (for onBehalf only) is the neighbour’s status code (four groups of four, e.g. k7mq-3xte-9pvh-2dfa; their page is /follow/{code}): shown this once, never again. A steward can make a new one on the ask’s page.',
						{
							type: 'object',
							required: ['id', 'status', 'followToken'],
							properties: { id: { type: 'string' }, status: { $ref: '#/components/schemas/AskStatus' }, followToken: { type: ['string', 'null'] } }
						}
					),
					'400': errorResponse('Invalid fields (unknown category or area, a date in the past, …)'),
					...memberErrors,
					'403': errorResponse('Not an active member (or onBehalf without being a steward)'),
					'413': errorResponse('Body too large'),
					'415': errorResponse('Not JSON'),
					'422': {
						description: 'Sensitive text: resend with confirmSensitive: true',
						content: { 'application/json': { schema: { $ref: '#/components/schemas/SensitiveError' } } }
					}
				}
			}
		},
		'/networks/{slug}/asks/mine': {
			parameters: [slugParam],
			get: {
				summary: 'Your asks, the asks you recorded for others, and your claims',
				responses: {
					'200': jsonOk('Three lists of cards', {
						type: 'object',
						properties: {
							asked: { type: 'array', items: { $ref: '#/components/schemas/AskCard' } },
							recorded: { type: 'array', items: { $ref: '#/components/schemas/AskCard' } },
							claimed: { type: 'array', items: { $ref: '#/components/schemas/AskCard' } }
						}
					}),
					...memberErrors
				}
			}
		},
		'/networks/{slug}/asks/{id}': {
			parameters: [slugParam, idParam('Ask id')],
			get: {
				summary: 'One ask as you may see it (never its private part: see …/reveal)',
				responses: {
					'200': jsonOk('The ask', { $ref: '#/components/schemas/AskDetail' }),
					...memberErrors,
					'404': errorResponse('No such ask, or not one you may see (a finished ask you were not involved in)')
				}
			}
		},
		'/networks/{slug}/asks/{id}/claim': {
			parameters: [slugParam, idParam('Ask id')],
			post: {
				summary: 'Claim an open ask',
				responses: {
					'200': stepResult,
					...memberErrors,
					'403': errorResponse('Not a member, or your own ask (own_ask)'),
					'404': errorResponse('No such ask'),
					'409': errorResponse('Someone else claimed it first (already_claimed), or it is no longer open (ask_status_changed)')
				}
			}
		},
		'/networks/{slug}/asks/{id}/status': {
			parameters: [slugParam, idParam('Ask id')],
			post: {
				summary: 'Take any other step: pick up, deliver, confirm, release, could not deliver, hand over, reassign, approve, cancel',
				requestBody: jsonBody('StepInput'),
				responses: {
					'200': stepResult,
					'400': errorResponse('Unknown action, or a missing note or person (note_required, target_required, target_not_member)'),
					...memberErrors,
					'403': errorResponse('Not yours to take'),
					'404': errorResponse('No such ask'),
					'409': errorResponse('The ask is not in a state this step follows (ask_status_changed)')
				}
			}
		},
		'/networks/{slug}/asks/{id}/reveal': {
			parameters: [slugParam, idParam('Ask id')],
			post: {
				summary: 'The private part (contact, address, phone, access notes); each view by someone but the person who asked is logged',
				responses: {
					'200': jsonOk('The private part', { $ref: '#/components/schemas/AskPrivate' }),
					...memberErrors,
					'403': errorResponse('Not yours to see now (private_not_visible), or not a member'),
					'404': errorResponse('No such ask')
				}
			}
		},
		'/networks/{slug}/asks/{id}/suggestions': {
			parameters: [slugParam, idParam('Ask id')],
			get: {
				summary: 'Stewards: volunteers best placed to help, with a score and the reasons',
				responses: {
					'200': jsonOk('Best first', { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Suggestion' } } } }),
					...memberErrors,
					'403': errorResponse('Not a steward or admin of this network'),
					'404': errorResponse('No such ask')
				}
			}
		},
		'/networks/{slug}/offers': {
			parameters: [slugParam],
			get: {
				summary: 'Active offers of help (members)',
				parameters: [pageParam, ...filterParams],
				responses: {
					'200': jsonOk('One page of offers', {
						type: 'object',
						properties: {
							items: { type: 'array', items: { $ref: '#/components/schemas/Offer' } },
							page: { type: 'integer' },
							pageCount: { type: 'integer' },
							total: { type: 'integer' }
						}
					}),
					'400': errorResponse('Bad filter or page'),
					...memberErrors
				}
			},
			post: {
				summary: 'Offer help',
				requestBody: jsonBody('OfferInput'),
				responses: {
					'201': jsonOk('Created', { type: 'object', properties: { id: { type: 'string' }, status: { const: 'active' } } }),
					'400': errorResponse('Invalid fields (unknown category or area, …)'),
					...memberErrors,
					'409': errorResponse('Too many active offers'),
					'413': errorResponse('Body too large'),
					'415': errorResponse('Not JSON')
				}
			}
		},
		'/networks/{slug}/offers/mine': {
			parameters: [slugParam],
			get: {
				summary: 'Your own offers, active and closed',
				responses: {
					'200': jsonOk('Your offers', { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Offer' } } } }),
					...memberErrors
				}
			}
		},
		'/networks/{slug}/funds': {
			parameters: [slugParam],
			get: {
				summary: 'The network’s funds: all with balances for members, those with a public page (no balances) for anyone else signed in',
				responses: {
					'200': jsonOk('Funds', {
						type: 'object',
						properties: {
							items: {
								type: 'array',
								items: {
									allOf: [
										{ $ref: '#/components/schemas/Fund' },
										{ type: 'object', properties: { balances: { oneOf: [{ $ref: '#/components/schemas/FundBalances' }, { type: 'null' }] } } }
									]
								}
							}
						}
					}),
					'401': errorResponse('No valid token'),
					'404': errorResponse('No such network')
				}
			},
			post: {
				summary: 'Create a fund (admins); amounts in minor units',
				requestBody: jsonBody('FundInput'),
				responses: {
					'201': jsonOk('Created', {
						allOf: [{ $ref: '#/components/schemas/Fund' }, { type: 'object', properties: { roles: { $ref: '#/components/schemas/FundRoles' } } }]
					}),
					'400': errorResponse('Invalid fields (unknown currency, too few named approvers, an amount that is not a positive integer, …)'),
					'401': errorResponse('No valid token'),
					'403': errorResponse('Not an admin of this network'),
					'404': errorResponse('No such network'),
					'409': errorResponse('A fund of that name exists (fund_name_taken)'),
					'413': errorResponse('Body too large'),
					'415': errorResponse('Not JSON')
				}
			}
		},
		'/networks/{slug}/funds/{fundId}': {
			parameters: [slugParam, fundIdParam],
			get: {
				summary: 'One fund: its rules and public figures; balances for members',
				responses: {
					'200': jsonOk('The fund', {
						allOf: [
							{ $ref: '#/components/schemas/Fund' },
							{
								type: 'object',
								properties: {
									roles: { $ref: '#/components/schemas/FundRoles' },
									report: { $ref: '#/components/schemas/FundReport' },
									balances: { oneOf: [{ $ref: '#/components/schemas/FundBalances' }, { type: 'null' }], description: 'Members only' }
								}
							}
						]
					}),
					'401': errorResponse('No valid token'),
					'404': errorResponse('No such network or fund, or a fund without a public page and you are not a member')
				}
			}
		},
		'/networks/{slug}/funds/{fundId}/donations': {
			parameters: [slugParam, fundIdParam],
			get: {
				summary: 'Donations, newest first (stewards and admins)',
				parameters: [pageParam],
				responses: {
					'200': jsonOk('One page of donations', {
						type: 'object',
						properties: {
							items: { type: 'array', items: { $ref: '#/components/schemas/Donation' } },
							page: { type: 'integer' },
							pageCount: { type: 'integer' },
							total: { type: 'integer' }
						}
					}),
					'400': errorResponse('Bad page number'),
					...fundErrors,
					'403': errorResponse('Not a steward or admin of this network')
				}
			},
			post: {
				summary: 'Record a donation (stewards and admins); requests on the waiting list are funded in order',
				requestBody: jsonBody('DonationInput'),
				responses: {
					'201': jsonOk('Recorded', { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }),
					'400': errorResponse('Invalid fields (amount_not_positive, amount_invalid, amount_too_large, fee_too_large, date_in_future, …)'),
					...fundErrors,
					'403': errorResponse('Not a steward or admin of this network'),
					'409': errorResponse('The fund is closed (fund_closed), or this reference is already recorded (duplicate_reference)'),
					'413': errorResponse('Body too large'),
					'415': errorResponse('Not JSON')
				}
			}
		},
		'/networks/{slug}/funds/{fundId}/requests': {
			parameters: [slugParam, fundIdParam],
			get: {
				summary: 'Requests, anonymised (members); an id only on those you may open',
				parameters: [
					pageParam,
					{
						name: 'status',
						in: 'query',
						required: false,
						schema: {
							type: 'string',
							enum: ['open', 'all', 'pending', 'info_requested', 'waitlisted', 'approved', 'paid', 'declined', 'cancelled'],
							default: 'open'
						}
					},
					{
						name: 'mine',
						in: 'query',
						required: false,
						description: 'Only your own and those you recorded',
						schema: { type: 'string', enum: ['0', '1', 'true', 'false'], default: '0' }
					}
				],
				responses: {
					'200': jsonOk('One page of requests', {
						type: 'object',
						properties: {
							items: { type: 'array', items: { $ref: '#/components/schemas/FundRequestItem' } },
							page: { type: 'integer' },
							pageCount: { type: 'integer' },
							total: { type: 'integer' }
						}
					}),
					'400': errorResponse('Bad status, mine or page'),
					...fundErrors
				}
			},
			post: {
				summary: 'Ask the fund for money; stewards record a request for a neighbour with onBehalf: true',
				requestBody: jsonBody('FundRequestInput'),
				responses: {
					'201': jsonOk('Created, waiting for approvals', {
						type: 'object',
						required: ['id', 'status'],
						properties: { id: { type: 'string' }, status: { const: 'pending' } }
					}),
					'400': errorResponse('Invalid fields (amount, over_request_limit, over_household_limit, household_required, ask_not_linkable, …)'),
					...fundErrors,
					'403': errorResponse('Not an active member (or onBehalf without being a steward)'),
					'409': errorResponse('The fund is closed (fund_closed)'),
					'413': errorResponse('Body too large'),
					'415': errorResponse('Not JSON'),
					'422': sensitive
				}
			}
		},
		'/networks/{slug}/funds/{fundId}/requests/{id}': {
			parameters: [slugParam, fundIdParam, idParam('Request id')],
			get: {
				summary: 'One request: for the person it is for, who recorded it, approvers and stewards',
				responses: {
					'200': jsonOk('The request; the private part only for the person it is for (own)', { $ref: '#/components/schemas/FundRequestDetail' }),
					...fundErrors,
					'404': errorResponse('No such request, or not one you may open')
				}
			}
		},
		'/networks/{slug}/funds/{fundId}/requests/{id}/decisions': {
			parameters: [slugParam, fundIdParam, idParam('Request id')],
			post: {
				summary: 'A step on a request: comment, ask_info, approve, decline, cancel, pay',
				requestBody: jsonBody('DecisionInput'),
				responses: {
					'200': jsonOk('The request’s status after the step', {
						type: 'object',
						required: ['id', 'status'],
						properties: { id: { type: 'string' }, status: { $ref: '#/components/schemas/FundRequestStatus' } }
					}),
					'400': errorResponse('Invalid fields (note_required, reason_required, over_requested, date_in_future, amount, …)'),
					...fundErrors,
					'403': errorResponse('Not yours to take, or your own request or one you recorded (own_request)'),
					'404': errorResponse('No such request, or not one you may open'),
					'409': errorResponse(
						'Already approved by you (already_approved), the request has moved on (request_status_changed), or money or a limit stands in the way (insufficient_funds, over_household_limit)'
					),
					'413': errorResponse('Body too large'),
					'415': errorResponse('Not JSON'),
					'422': sensitive
				}
			}
		},
		'/networks/{slug}/funds/{fundId}/requests/{id}/reveal': {
			parameters: [slugParam, fundIdParam, idParam('Request id')],
			post: {
				summary: 'The private part (note, payee name and reference, decision notes), for the person it is for and approvers; each read is logged',
				responses: {
					'200': jsonOk('The private part', {
						allOf: [
							{ $ref: '#/components/schemas/FundRequestPrivate' },
							{
								type: 'object',
								properties: {
									decisionNotes: { type: 'array', items: { type: 'object', properties: { decisionId: { type: 'string' }, note: { type: 'string' } } } }
								}
							}
						]
					}),
					...fundErrors,
					'403': errorResponse('Not yours to see (private_not_visible), or not a member'),
					'404': errorResponse('No such request, or not one you may open'),
					'409': errorResponse('Erased after the fund’s retention period (private_not_visible)')
				}
			}
		},
		'/networks/{slug}/offers/{id}/close': {
			parameters: [slugParam, idParam('Offer id')],
			post: {
				summary: 'Withdraw one of your offers',
				responses: {
					'204': { description: 'Closed' },
					...memberErrors,
					'404': errorResponse('No such offer of yours')
				}
			}
		}
	}
} as const;
