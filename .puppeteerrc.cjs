// puppeteer (pulled in by whatsapp-web.js) must not download Chrome at install: the
// WhatsApp Web channel drives the system's Chromium (WHATSAPP_WEB_CHROMIUM).
module.exports = { skipDownload: true };
