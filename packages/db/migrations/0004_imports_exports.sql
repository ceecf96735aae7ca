CREATE TABLE `contact_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`format` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`file_key` text NOT NULL,
	`upload_id` text,
	`rows` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_exports_account_idx` ON `contact_exports` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `contact_exports_expires_idx` ON `contact_exports` (`expires_at`);--> statement-breakpoint
CREATE TABLE `contact_import_chunks` (
	`import_id` text NOT NULL,
	`seq` integer NOT NULL,
	`account_id` text NOT NULL,
	`first_row` integer NOT NULL,
	`last_row` integer NOT NULL,
	`errors` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`import_id`, `seq`),
	FOREIGN KEY (`import_id`) REFERENCES `contact_imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `contact_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`format` text NOT NULL,
	`status` text NOT NULL,
	`settings` text NOT NULL,
	`consent_origin` text NOT NULL,
	`consent_description` text NOT NULL,
	`consent_text` text,
	`created_by` text NOT NULL,
	`file_key` text NOT NULL,
	`file_name` text,
	`file_size` integer,
	`header` text,
	`cursor` text,
	`chunks` integer DEFAULT 0 NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`rows_read` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_imports_account_idx` ON `contact_imports` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `contact_imports_open_idx` ON `contact_imports` (`status`) WHERE "contact_imports"."status" in ('queued', 'processing');--> statement-breakpoint
ALTER TABLE `contacts` ADD `import_id` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `import_row` integer;