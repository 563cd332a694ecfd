/**
 * Cloud metadata services: they hand out the credentials of the machine that asks, so no request
 * from a deployment may ever reach one, whatever else it allows. ONE list for everything that
 * decides: the SSRF guard (every hop, every resolved address), the connection form, and the
 * database's `private.cloud_metadata_hosts()`, which a test compares with this file.
 */

/**
 * Names that reach instance metadata without an address check being able to tell (some resolve
 * only inside the cloud, and a resolver might answer with something harmless-looking outside it).
 * Subdomains of the dotted ones are refused too.
 */
export const METADATA_HOST_NAMES: readonly string[] = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.packet.net',
];

/** Exact IPv4 addresses of instance-metadata and host services that hand out credentials. */
export const METADATA_IPV4_ADDRESSES: readonly string[] = [
  '169.254.169.254', // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack...
  '169.254.170.2', // AWS ECS task metadata and credentials
  '169.254.170.23', // AWS EKS Pod Identity agent
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud (classic)
  '168.63.129.16', // Azure WireServer / host agent
];

/** Exact IPv6 addresses of the same (IPv6 forms embedding one of the IPv4 ones count too). */
export const METADATA_IPV6_ADDRESSES: readonly string[] = [
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS EKS Pod Identity agent over IPv6
];
