import createMDX from '@next/mdx';

/** Static export: the whole app is files, served by anything, with nothing uploaded anywhere. */
const nextConfig = {
  output: 'export',
  images: { unoptimized: true },
  trailingSlash: true,
  reactStrictMode: true,
  pageExtensions: ['ts', 'tsx', 'md', 'mdx'],
};

// Explanations in content/ are MDX; they are imported as components by the viewer.
const withMDX = createMDX({ extension: /\.mdx?$/ });

export default withMDX(nextConfig);
