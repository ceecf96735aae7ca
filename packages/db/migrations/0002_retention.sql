CREATE TABLE `account_retention` (
	`account_id` text NOT NULL,
	`rule` text NOT NULL,
	`period` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `rule`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `retention_settings` (
	`rule` text PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `smtp_credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`last_sent_at` integer,
	`activated_at` integer NOT NULL,
	`disabled_at` integer,
	`deactivated_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `smtp_credentials_username_idx` ON `smtp_credentials` (`username`);--> statement-breakpoint
CREATE INDEX `smtp_credentials_account_idx` ON `smtp_credentials` (`account_id`);--> statement-breakpoint
CREATE INDEX `smtp_credentials_status_idx` ON `smtp_credentials` (`status`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `inactivity_warned_at` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `deactivated_at` integer;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `examined` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `changed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `cursor` text;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `done` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `error` text;--> statement-breakpoint
CREATE INDEX `message_events_type_occurred_idx` ON `message_events` (`type`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `messages_created_idx` ON `messages` (`created_at`);--> statement-breakpoint
CREATE INDEX `suppressions_reason_created_idx` ON `suppressions` (`reason`,`created_at`);