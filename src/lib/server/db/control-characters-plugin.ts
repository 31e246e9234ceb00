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
import { FORBIDDEN_CONTROLS as FORBIDDEN } from '../../domain/control-characters';
import { ServiceError } from '../errors';

function check(value: unknown): unknown {
	if (typeof value === 'string' && FORBIDDEN.test(value)) throw new ServiceError('control_characters', undefined, 400);
	return value;
}

class RefuseControls extends OperationNodeTransformer {
	protected override transformValue(node: ValueNode): ValueNode {
		check(node.value);
		return node;
	}
	protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
		node.values.forEach(check);
		return node;
	}
}

/**
 * The last line of defence: no bound value with a control character reaches either database
 * (PostgreSQL cannot store U+0000 and answers with an error; SQLite would store it). A value that
 * got past the schemas (an id read straight from a form, a path parameter) is refused as a 400
 * ServiceError, which forms and the API show as a message, instead of a 500.
 */
export class ControlCharactersPlugin implements KyselyPlugin {
	readonly #transformer = new RefuseControls();
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		return this.#transformer.transformNode(args.node);
	}
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return args.result;
	}
}
