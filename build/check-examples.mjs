// Fails when an exported function, class or constant of the public API has no @example in its JSDoc.
// Reads the JSON model that `typedoc` writes beside the HTML reference (typedoc.json "json").
import { readFileSync } from 'node:fs';

const KIND_FUNCTION = 64;
const KIND_CLASS = 128;
const KIND_VARIABLE = 32;
const project = JSON.parse(readFileSync('docs/api/api.json', 'utf8'));

const hasExample = (comment) => Boolean(comment?.blockTags?.some((tag) => tag.tag === '@example'));
const missing = [];

function visit(reflection, path) {
  const name = path ? `${path}.${reflection.name}` : reflection.name;
  if (reflection.kind === KIND_FUNCTION) {
    const documented =
      hasExample(reflection.comment) || reflection.signatures?.some((s) => hasExample(s.comment));
    if (!documented) missing.push(name);
  } else if (reflection.kind === KIND_CLASS || reflection.kind === KIND_VARIABLE) {
    if (!hasExample(reflection.comment)) missing.push(name);
  }
  for (const child of reflection.children ?? []) {
    if (
      child.kind === KIND_FUNCTION ||
      child.kind === KIND_CLASS ||
      child.kind === KIND_VARIABLE ||
      child.children
    ) {
      if (reflection.kind === KIND_CLASS) continue; // class members are covered by the class example
      visit(child, name);
    }
  }
}

for (const child of project.children ?? []) visit(child, '');
if (missing.length > 0) {
  console.error(`These exports have no @example in their JSDoc:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log('Every exported function, class and constant has an @example.');
