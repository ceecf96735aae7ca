CREATE TABLE `campaign_recipients` (
	`campaign_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`account_id` text NOT NULL,
	`status` text NOT NULL,
	`claim` text,
	`claimed_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`provider_message_id` text,
	`error` text,
	`sent_at` integer,
	PRIMARY KEY(`campaign_id`, `contact_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_recipients_status_idx` ON `campaign_recipients` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_contact_idx` ON `campaign_recipients` (`contact_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`channel` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`audience` text NOT NULL,
	`sender` text,
	`subject` text,
	`preheader` text,
	`template_id` text,
	`html` text,
	`text` text,
	`track_opens` integer NOT NULL,
	`track_clicks` integer NOT NULL,
	`scheduled_at` integer,
	`time_zone` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaigns_account_idx` ON `campaigns` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `campaigns_scheduled_idx` ON `campaigns` (`scheduled_at`) WHERE "campaigns"."status" = 'scheduled';