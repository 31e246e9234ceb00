// Compiles messages/ into src/lib/paraglide so type checks and scripts can run without Vite.
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.options.js';

await compile(paraglideOptions);
