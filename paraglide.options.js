/** One set of Paraglide compiler options, shared by Vite and by `npm run i18n`. */
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	// The server resolves the locale itself (saved choice → cookie → Accept-Language) and
	// runs each request inside an AsyncLocalStorage; the client only needs the cookie.
	strategy: ['cookie', 'baseLocale'],
	cookieName: 'hearth_locale',
	emitGitIgnore: false,
	emitReadme: false
};
