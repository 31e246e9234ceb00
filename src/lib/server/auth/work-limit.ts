import { ServiceError } from '../errors';

/**
 * Bounds expensive work running at once in one process — argon2 passphrase hashing, 19 MiB and
 * tens of milliseconds each — so a burst of sign-ins for made-up names cannot take every core and
 * all the memory. At most `concurrency` run; up to `maxWaiting` more wait their turn in order;
 * beyond that the caller is told at once that the server is busy (503, and a Retry-After).
 * One limiter per app context (see app.ts), never module state.
 */
export class WorkLimiter {
	#running = 0;
	readonly #waiting: (() => void)[] = [];

	constructor(
		readonly concurrency: number,
		readonly maxWaiting: number
	) {
		if (!(concurrency >= 1 && maxWaiting >= 0)) throw new Error('WorkLimiter: concurrency must be at least 1');
	}

	/** How many are running and how many wait (for the tests and the logs). */
	get load(): { running: number; waiting: number } {
		return { running: this.#running, waiting: this.#waiting.length };
	}

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.#running < this.concurrency) {
			this.#running++;
		} else {
			if (this.#waiting.length >= this.maxWaiting) throw new ServiceError('busy', undefined, 503);
			// The finishing job hands its place over, so `#running` stays counted.
			await new Promise<void>((resolve) => this.#waiting.push(resolve));
		}
		try {
			return await work();
		} finally {
			const next = this.#waiting.shift();
			if (next) next();
			else this.#running--;
		}
	}
}

/** Runs `work` under the context's limiter for passphrase hashing, when it has one. */
export function passphraseWork<T>(ctx: { passphraseWork?: WorkLimiter }, work: () => Promise<T>): Promise<T> {
	return ctx.passphraseWork ? ctx.passphraseWork.run(work) : work();
}
