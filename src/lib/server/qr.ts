import { encode } from 'uqr';

/**
 * A QR code drawn on the server as one SVG path (no image service, no script): the modules of
 * `text` encoded at error correction M with the standard four-module quiet zone. The page draws
 * `<path d={path}>` in a `0 0 size size` view box, dark on light.
 */
export function qrPath(text: string): { size: number; path: string } {
	const qr = encode(text, { ecc: 'M', border: 4 });
	const parts: string[] = [];
	qr.data.forEach((row, y) => {
		row.forEach((dark, x) => {
			if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
		});
	});
	return { size: qr.size, path: parts.join('') };
}
