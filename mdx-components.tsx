import type { MDXComponents } from 'mdx/types';
import type { ComponentPropsWithoutRef } from 'react';

// The elements MDX explanations in content/ render with (required by @next/mdx with the App
// Router). Classes only: the look lives in components/explain/explain.css, in em units so
// presenter mode can scale it. Links to other sites, and to the glossary, open in a new tab
// without an opener: following one must not take the reader away from the step they are on.

function A({ href = '', children, ...rest }: ComponentPropsWithoutRef<'a'>) {
  const external = /^https?:\/\//.test(href) || href.startsWith('/glossary/');
  return (
    <a
      {...rest}
      href={href}
      className="mdx-a"
      {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
    >
      {children}
      {external && <span className="sr-only"> (opens in a new tab)</span>}
    </a>
  );
}

const components: MDXComponents = {
  a: A,
  // Explanations sit inside a panel: their headings start at h3 whatever the file says.
  h1: (p) => <h3 className="mdx-h" {...p} />,
  h2: (p) => <h3 className="mdx-h" {...p} />,
  h3: (p) => <h3 className="mdx-h" {...p} />,
  h4: (p) => <h4 className="mdx-h4" {...p} />,
  p: (p) => <p className="mdx-p" {...p} />,
  ul: (p) => <ul className="mdx-ul" {...p} />,
  ol: (p) => <ol className="mdx-ul" {...p} />,
  code: (p) => <code className="mdx-code" {...p} />,
  pre: (p) => <pre className="mdx-pre" {...p} />,
};

export function useMDXComponents(overrides: MDXComponents): MDXComponents {
  return { ...components, ...overrides };
}
