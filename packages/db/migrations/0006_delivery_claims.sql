ALTER TABLE `messages` ADD `claim` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `send_key` text;--> statement-breakpoint
CREATE INDEX `messages_send_key_idx` ON `messages` (`send_key`) WHERE "messages"."send_key" is not null;