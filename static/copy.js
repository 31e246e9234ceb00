// Copy buttons, where JavaScript runs: <button data-copy="text" data-copied="…" data-copy-failed="…" hidden>
// next to an element with data-copy-status. Shown only where the Clipboard API is there; without
// it (or without JavaScript) the text stays on the page to write down or select by hand.
for (const button of document.querySelectorAll('button[data-copy]')) {
	if (!navigator.clipboard) continue;
	button.hidden = false;
	const status = button.parentElement && button.parentElement.querySelector('[data-copy-status]');
	button.addEventListener('click', () => {
		navigator.clipboard.writeText(button.dataset.copy || '').then(
			() => {
				if (status) status.textContent = button.dataset.copied || '';
			},
			() => {
				if (status) status.textContent = button.dataset.copyFailed || '';
			}
		);
	});
}
