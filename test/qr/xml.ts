// A strict XML 1.0 well-formedness check, enough for the SVG documents toSvg writes: elements,
// attributes, character data and the five predefined entities plus character references. Anything
// else (comments, CDATA, doctypes, processing instructions) is refused rather than skipped, so the
// check errs towards failing. Written for the tests because no XML parser is among the dependencies.

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const NOT_XML_CHAR = /[^\t\n\r\u{20}-\u{d7ff}\u{e000}-\u{fffd}\u{10000}-\u{10ffff}]/u;
const NAME = /^[A-Za-z_:][\w.:-]*/;
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/;

function fail(message: string, at: number): never {
  throw new Error(`not well-formed XML at ${at}: ${message}`);
}

// The code point a character reference names must itself be an XML Char.
function checkReference(reference: string, at: number): void {
  const numeric = /^&#(x?)([\da-fA-F]+);$/.exec(reference);
  if (!numeric) return;
  const code = Number.parseInt(numeric[2] ?? '', numeric[1] ? 16 : 10);
  if (code > 0x10ffff || NOT_XML_CHAR.test(String.fromCodePoint(code))) fail(`reference ${reference}`, at);
}

// Character data up to the next '<' (or a closing quote, in an attribute): '&' only as a reference.
function readText(xml: string, start: number, stop: RegExp): number {
  let at = start;
  while (at < xml.length && !stop.test(xml[at] as string)) {
    if (xml[at] === '&') {
      const reference = REFERENCE.exec(xml.slice(at))?.[0];
      if (!reference) fail('a bare &', at);
      checkReference(reference, at);
      at += reference.length;
    } else {
      if (xml.startsWith(']]>', at)) fail(']]> in text', at);
      at++;
    }
  }
  return at;
}

/**
 * Throws unless `xml` is one well-formed element (optionally after an XML declaration).
 *
 * @param xml - the document
 */
export function checkWellFormedXml(xml: string): void {
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) fail(`character U+${(bad[0].codePointAt(0) ?? 0).toString(16)}`, bad.index);
  let at = xml.startsWith('<?xml ') ? xml.indexOf('?>') + 2 : 0;
  const open: string[] = [];
  let roots = 0;
  while (at < xml.length) {
    if (xml[at] !== '<') {
      const end = readText(xml, at, /</);
      if (open.length === 0 && xml.slice(at, end).trim() !== '') fail('text outside the root', at);
      at = end;
      continue;
    }
    if (xml[at + 1] === '/') {
      const name = NAME.exec(xml.slice(at + 2))?.[0];
      if (!name || name !== open.pop()) fail(`unmatched </${name ?? ''}>`, at);
      at += 2 + name.length;
      while (/\s/.test(xml[at] ?? '')) at++;
      if (xml[at] !== '>') fail('expected >', at);
      at++;
      continue;
    }
    const name = NAME.exec(xml.slice(at + 1))?.[0];
    if (!name) fail('expected an element name', at);
    if (open.length === 0 && roots++ > 0) fail('a second root element', at);
    at += 1 + name.length;
    const attributes = new Set<string>();
    for (;;) {
      const space = /^\s*/.exec(xml.slice(at))?.[0].length ?? 0;
      at += space;
      if (xml.startsWith('/>', at)) {
        at += 2;
        break;
      }
      if (xml[at] === '>') {
        open.push(name);
        at++;
        break;
      }
      if (space === 0) fail('expected whitespace before an attribute', at);
      const attribute = NAME.exec(xml.slice(at))?.[0];
      if (!attribute || attributes.has(attribute)) fail(`bad or repeated attribute ${attribute ?? ''}`, at);
      attributes.add(attribute);
      at += attribute.length;
      const quote = xml[at] === '=' ? xml[at + 1] : undefined;
      if (quote !== '"' && quote !== "'") fail('expected ="…" after an attribute name', at);
      at += 2;
      at = readText(xml, at, quote === '"' ? /["<]/ : /['<]/);
      if (xml[at] !== quote) fail('< in an attribute value, or no closing quote', at);
      at++;
    }
  }
  if (open.length > 0 || roots !== 1) fail(`unclosed <${open.join('>, <')}> or no root`, at);
}
