-- The update log clustered by (board_id, seq), WITHOUT ROWID: a commit writes one B-tree, not a
-- table and its primary-key index, and a board's rows are read in one range scan.
CREATE TABLE `__new_doc_updates` (
	`board_id` text NOT NULL,
	`seq` integer NOT NULL,
	`data` blob NOT NULL,
	`at` integer NOT NULL,
	`version` blob,
	PRIMARY KEY(`board_id`, `seq`),
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_doc_updates` (`board_id`, `seq`, `data`, `at`, `version`) SELECT `board_id`, `seq`, `data`, `at`, `version` FROM `doc_updates`;
--> statement-breakpoint
DROP TABLE `doc_updates`;
--> statement-breakpoint
ALTER TABLE `__new_doc_updates` RENAME TO `doc_updates`;
