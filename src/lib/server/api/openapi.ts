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
								code: { type: 'string', enum: ['offers_category', 'serves_area', 'serves_nearby_area', 'speaks', 'available', 'has_car', 'claims_this_week', 'urgency'] }
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
				summary: 'Change settings (admins)',
				requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NetworkInput' } } } },
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
					'201': jsonOk('Created and open. followToken (for onBehalf only) is the status link for the neighbour: shown this once, never again.', {
						type: 'object',
						required: ['id', 'status', 'followToken'],
						properties: { id: { type: 'string' }, status: { $ref: '#/components/schemas/AskStatus' }, followToken: { type: ['string', 'null'] } }
					}),
					'400': errorResponse('Invalid fields (unknown category or area, a date in the past, …)'),
					...memberErrors,
					'403': errorResponse('Not an active member (or onBehalf without being a steward)'),
					'413': errorResponse('Body too large'),
					'415': errorResponse('Not JSON'),
					'422': { description: 'Sensitive text: resend with confirmSensitive: true', content: { 'application/json': { schema: { $ref: '#/components/schemas/SensitiveError' } } } }
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
