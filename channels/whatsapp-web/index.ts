// The WhatsApp Web channel (whatsapp-web.js): re-exports only.
export * from './clientFactory';
export * from './config';
export * from './connectionSupervisor';
export * from './encryptedMediaStore';
export * from './gridFsSessionStore';
export * from './inboundMessageMapper';
export * from './remoteAuth';
export * from './sendQueue';
export * from './whatsAppWebAdapter';
export * from './whatsAppWebChannel';
export * from './whatsAppWebClient';
