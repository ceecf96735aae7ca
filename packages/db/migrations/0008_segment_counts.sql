CREATE TABLE `contact_value_counts` (
	`account_id` text NOT NULL,
	`key` text NOT NULL,
	`value` blob NOT NULL,
	`contacts` integer NOT NULL,
	PRIMARY KEY(`account_id`, `key`, `value`)
);
--> statement-breakpoint
CREATE TABLE `list_status_counts` (
	`account_id` text NOT NULL,
	`list_id` text NOT NULL,
	`status` text NOT NULL,
	`contacts` integer NOT NULL,
	PRIMARY KEY(`account_id`, `list_id`, `status`)
);
--> statement-breakpoint
-- Below: written by hand (drizzle-kit does not know triggers). ADR 0012.
-- A contact's values are the members of its top-level attributes object that are not JSON null,
-- each as json_extract returns it; a write takes the old row's values out and puts the new ones in.
CREATE TRIGGER `contact_value_counts_insert` AFTER INSERT ON `contacts` BEGIN
	INSERT INTO `contact_value_counts` (`account_id`, `key`, `value`, `contacts`)
		SELECT new.`account_id`, `key`, `value`, 1 FROM json_each(new.`attributes`)
		WHERE `type` <> 'null' AND typeof(`key`) = 'text'
		ON CONFLICT DO UPDATE SET `contacts` = `contacts` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_value_counts_update` AFTER UPDATE OF `account_id`, `attributes` ON `contacts`
WHEN old.`account_id` IS NOT new.`account_id` OR old.`attributes` IS NOT new.`attributes` BEGIN
	DELETE FROM `contact_value_counts` WHERE `account_id` = old.`account_id` AND `contacts` = 1 AND (`key`, `value`) IN
		(SELECT `key`, `value` FROM json_each(old.`attributes`) WHERE `type` <> 'null' AND typeof(`key`) = 'text');
	UPDATE `contact_value_counts` SET `contacts` = `contacts` - 1 WHERE `account_id` = old.`account_id` AND (`key`, `value`) IN
		(SELECT `key`, `value` FROM json_each(old.`attributes`) WHERE `type` <> 'null' AND typeof(`key`) = 'text');
	INSERT INTO `contact_value_counts` (`account_id`, `key`, `value`, `contacts`)
		SELECT new.`account_id`, `key`, `value`, 1 FROM json_each(new.`attributes`)
		WHERE `type` <> 'null' AND typeof(`key`) = 'text'
		ON CONFLICT DO UPDATE SET `contacts` = `contacts` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `contact_value_counts_delete` AFTER DELETE ON `contacts` BEGIN
	DELETE FROM `contact_value_counts` WHERE `account_id` = old.`account_id` AND `contacts` = 1 AND (`key`, `value`) IN
		(SELECT `key`, `value` FROM json_each(old.`attributes`) WHERE `type` <> 'null' AND typeof(`key`) = 'text');
	UPDATE `contact_value_counts` SET `contacts` = `contacts` - 1 WHERE `account_id` = old.`account_id` AND (`key`, `value`) IN
		(SELECT `key`, `value` FROM json_each(old.`attributes`) WHERE `type` <> 'null' AND typeof(`key`) = 'text');
END;
--> statement-breakpoint
CREATE TRIGGER `list_status_counts_insert` AFTER INSERT ON `list_memberships` BEGIN
	INSERT INTO `list_status_counts` (`account_id`, `list_id`, `status`, `contacts`)
		VALUES (new.`account_id`, new.`list_id`, new.`status`, 1)
		ON CONFLICT DO UPDATE SET `contacts` = `contacts` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `list_status_counts_update` AFTER UPDATE OF `account_id`, `list_id`, `status` ON `list_memberships`
WHEN old.`account_id` IS NOT new.`account_id` OR old.`list_id` IS NOT new.`list_id` OR old.`status` IS NOT new.`status` BEGIN
	DELETE FROM `list_status_counts` WHERE `account_id` = old.`account_id` AND `list_id` = old.`list_id`
		AND `status` = old.`status` AND `contacts` = 1;
	UPDATE `list_status_counts` SET `contacts` = `contacts` - 1 WHERE `account_id` = old.`account_id`
		AND `list_id` = old.`list_id` AND `status` = old.`status`;
	INSERT INTO `list_status_counts` (`account_id`, `list_id`, `status`, `contacts`)
		VALUES (new.`account_id`, new.`list_id`, new.`status`, 1)
		ON CONFLICT DO UPDATE SET `contacts` = `contacts` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `list_status_counts_delete` AFTER DELETE ON `list_memberships` BEGIN
	DELETE FROM `list_status_counts` WHERE `account_id` = old.`account_id` AND `list_id` = old.`list_id`
		AND `status` = old.`status` AND `contacts` = 1;
	UPDATE `list_status_counts` SET `contacts` = `contacts` - 1 WHERE `account_id` = old.`account_id`
		AND `list_id` = old.`list_id` AND `status` = old.`status`;
END;
--> statement-breakpoint
INSERT INTO `contact_value_counts` (`account_id`, `key`, `value`, `contacts`)
	SELECT c.`account_id`, j.`key`, j.`value`, count(*) FROM `contacts` c, json_each(c.`attributes`) j
	WHERE j.`type` <> 'null' AND typeof(j.`key`) = 'text'
	GROUP BY c.`account_id`, j.`key`, j.`value`;
--> statement-breakpoint
INSERT INTO `list_status_counts` (`account_id`, `list_id`, `status`, `contacts`)
	SELECT `account_id`, `list_id`, `status`, count(*) FROM `list_memberships`
	GROUP BY `account_id`, `list_id`, `status`;
