// The nested decoders the message layer is given: host key and signature blobs, and the parts
// of a hybrid key exchange's C_INIT / S_REPLY.

import type { NestedDecoders } from '../messages/layout';
import { blobDecoders } from './hostkey';
import { hybridParts } from './kex/hybridParts';

export const nestedDecoders: NestedDecoders = { ...blobDecoders, hybridFields: hybridParts };
