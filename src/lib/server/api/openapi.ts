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
		}
	}
} as const;
