// The article's chapters, in reading order: slug (= the chapter's h1 id), title and MDX file.
// The table of contents, the page and the tests all read this list.
export const chapterList = [
  { slug: 'introduction', title: 'Introduction', file: '01-introduction.mdx' },
  { slug: 'architecture', title: 'Architecture', file: '02-architecture.mdx' },
  { slug: 'pretrained-model', title: 'Pretrained model', file: '03-pretrained-model.mdx' },
  { slug: 'fine-tuning', title: 'Fine-tuning', file: '04-fine-tuning.mdx' },
  { slug: 'inference', title: 'Inference', file: '05-inference.mdx' },
  { slug: 'how-can-we-improve-it', title: 'How can we improve it?', file: '06-how-can-we-improve-it.mdx' },
  { slug: 'real-world-applications', title: 'Real-world applications', file: '07-real-world-applications.mdx' },
  { slug: 'next-go-deep', title: 'Next Go Deep', file: '08-next.mdx' },
] as const;
