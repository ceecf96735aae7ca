CREATE TABLE `campaign_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`type` text NOT NULL,
	`link` integer,
	`machine` integer DEFAULT false NOT NULL,
	`user_agent` text,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_events_campaign_idx` ON `campaign_events` (`campaign_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `campaign_events_account_idx` ON `campaign_events` (`account_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `campaign_link_clicks` (
	`campaign_id` text NOT NULL,
	`link` integer NOT NULL,
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`first_at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `link`, `contact_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `campaign_link_stats` (
	`campaign_id` text NOT NULL,
	`link` integer NOT NULL,
	`account_id` text NOT NULL,
	`clicks_unique` integer DEFAULT 0 NOT NULL,
	`clicks_total` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campaign_id`, `link`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `daily_stats` (
	`account_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`day` text NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`delivered` integer DEFAULT 0 NOT NULL,
	`hard_bounces` integer DEFAULT 0 NOT NULL,
	`soft_bounces` integer DEFAULT 0 NOT NULL,
	`opens_unique` integer DEFAULT 0 NOT NULL,
	`opens_total` integer DEFAULT 0 NOT NULL,
	`opens_machine` integer DEFAULT 0 NOT NULL,
	`clicks_unique` integer DEFAULT 0 NOT NULL,
	`clicks_total` integer DEFAULT 0 NOT NULL,
	`clicks_machine` integer DEFAULT 0 NOT NULL,
	`unsubscribes` integer DEFAULT 0 NOT NULL,
	`complaints` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`account_id`, `campaign_id`, `day`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `daily_stats_account_day_idx` ON `daily_stats` (`account_id`,`day`);--> statement-breakpoint
DROP INDEX `campaign_recipients_status_idx`;--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `send_key` text;--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `opened_at` integer;--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `machine_opened_at` integer;--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `clicked_at` integer;--> statement-breakpoint
CREATE INDEX `campaign_recipients_send_key_idx` ON `campaign_recipients` (`campaign_id`,`send_key`) WHERE "campaign_recipients"."send_key" is not null;--> statement-breakpoint
CREATE INDEX `campaign_recipients_provider_idx` ON `campaign_recipients` (`provider_message_id`) WHERE "campaign_recipients"."provider_message_id" is not null;--> statement-breakpoint
CREATE INDEX `campaign_recipients_status_idx` ON `campaign_recipients` (`campaign_id`,`status`,`contact_id`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `send_rate_per_hour` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `next_send_at` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `audience_size` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `cursor` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `queued_cursor` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `recipients_written` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `fanned_out` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `links` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `paused_reason` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `started_at` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `finished_at` integer;