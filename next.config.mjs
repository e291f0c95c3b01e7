/** Static export: the whole app is files, served by anything, with nothing uploaded anywhere. */
const nextConfig = {
  output: 'export',
  images: { unoptimized: true },
  trailingSlash: true,
  reactStrictMode: true,
};

export default nextConfig;
