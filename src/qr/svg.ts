// SVG rendering from the module matrix. The dark modules are one <path> of horizontal runs over a
// background <rect>: small output, crisp at any size, and simple enough to parse back in tests.

import { escapeXml } from './label.js';
import type { QrMatrix } from './matrix.js';
import { imageSize, type ResolvedImageOptions, type Rgba } from './options.js';

function fillAttributes(colour: Rgba): string {
  const hex = `#${[colour.r, colour.g, colour.b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return colour.a === 255 ? `fill="${hex}"` : `fill="${hex}" fill-opacity="${(colour.a / 255).toFixed(3)}"`;
}

/** The path data of the dark modules, one `M x y h w v1 h-w z` rectangle per horizontal run. */
export function darkModulesPath(matrix: QrMatrix, margin: number): string {
  const { size, modules } = matrix;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (modules[row * size + col] !== 1) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[row * size + col] === 1) col++;
      const run = col - start;
      parts.push(`M${start + margin} ${row + margin}h${run}v1h-${run}z`);
    }
  }
  return parts.join('');
}

/** Renders a checked matrix as a standalone SVG document with an accessible name. */
export function renderSvg(matrix: QrMatrix, options: ResolvedImageOptions, label: string): string {
  const { modulesWide, pixels } = imageSize(matrix.size, options);
  const name = escapeXml(label);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${pixels}" height="${pixels}" ` +
    `viewBox="0 0 ${modulesWide} ${modulesWide}" role="img" aria-label="${name}" shape-rendering="crispEdges">` +
    `<title>${name}</title>` +
    `<rect width="${modulesWide}" height="${modulesWide}" ${fillAttributes(options.light)}/>` +
    `<path ${fillAttributes(options.dark)} d="${darkModulesPath(matrix, options.margin)}"/>` +
    '</svg>'
  );
}
