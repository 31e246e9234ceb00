import {
	OperationNodeTransformer,
	type KyselyPlugin,
	type PluginTransformQueryArgs,
	type PluginTransformResultArgs,
	type PrimitiveValueListNode,
	type QueryResult,
	type RootOperationNode,
	type UnknownRow,
	type ValueNode
} from 'kysely';

function toSqlite(value: unknown): unknown {
	return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

class BooleanToInteger extends OperationNodeTransformer {
	protected override transformValue(node: ValueNode): ValueNode {
		return { ...node, value: toSqlite(node.value) };
	}
	protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
		return { ...node, values: node.values.map(toSqlite) };
	}
}

/**
 * better-sqlite3 refuses to bind JavaScript booleans; SQLite stores them as 0/1.
 * This lets repositories write `true`/`false` on both databases (reads go through fromDbBool).
 */
export class SqliteBooleanPlugin implements KyselyPlugin {
	readonly #transformer = new BooleanToInteger();
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		return this.#transformer.transformNode(args.node);
	}
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return args.result;
	}
}
