// All chapters render on one page, but GFM numbers each file's footnotes from scratch with the same ids
// (user-content-fn-1, footnote-label, ...). This prefixes those ids and their links with the chapter's
// file name, so every id on the page is unique and every footnote link finds its own note.
import path from 'node:path';
import type { Root, Element } from 'hast';
import type { VFile } from 'vfile';

const FOOTNOTE_ID = /^(user-content-fn|user-content-fnref|footnote-label)/;

function walk(node: Root | Element, visit: (el: Element) => void) {
  for (const child of node.children) {
    if (child.type === 'element') {
      visit(child);
      walk(child, visit);
    }
  }
}

export function rehypeChapterFootnotes() {
  return (tree: Root, file: VFile) => {
    const prefix = path.basename(file.path ?? 'chapter', path.extname(file.path ?? '')).replace(/[^a-z0-9-]/gi, '');
    walk(tree, (el) => {
      const props = el.properties;
      if (typeof props.id === 'string' && FOOTNOTE_ID.test(props.id)) props.id = `${prefix}-${props.id}`;
      if (typeof props.href === 'string' && props.href.startsWith('#') && FOOTNOTE_ID.test(props.href.slice(1))) props.href = `#${prefix}-${props.href.slice(1)}`;
      const described = props.ariaDescribedBy;
      if (Array.isArray(described)) props.ariaDescribedBy = described.map((d) => (typeof d === 'string' && FOOTNOTE_ID.test(d) ? `${prefix}-${d}` : d));
    });
  };
}
