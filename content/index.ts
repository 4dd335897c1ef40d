// Pairs each chapter of chapters.ts with its MDX module (Vite's glob import keeps the two from drifting).
import type { ComponentType } from 'react';
import { chapterList } from './chapters';

type MdxModule = { default: ComponentType };
const modules = import.meta.glob<MdxModule>('./*.mdx', { eager: true });

export const chapters = chapterList.map((chapter) => {
  const module = modules[`./${chapter.file}`];
  if (!module) throw new Error(`chapter file missing: content/${chapter.file}`);
  return { ...chapter, Content: module.default };
});
