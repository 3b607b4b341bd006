// The WhatsApp Cloud API channel.
export * from './config';
export * from './createWhatsAppCloud';
export * from './customerServiceWindow';
export * from './fetchGraphClient';
export * from './graphApiError';
export * from './graphClient';
export * from './inboundActivity';
export * from './outboundMessages';
export * from './webhookPayload';
export * from './webhookRoutes';
export * from './webhookSignature';
export * from './whatsAppCloudAdapter';
export * from './whatsAppCloudStore';
