CREATE TABLE `item_projections` (
	`board_id` text PRIMARY KEY NOT NULL,
	`projected_at` integer NOT NULL,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `items` (
	`board_id` text NOT NULL,
	`item_id` text NOT NULL,
	`number` integer,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`blocked` integer NOT NULL,
	`horizon` text,
	`period` text,
	`start` text,
	`due` text,
	`area_id` text,
	`owner_id` text,
	`parent_id` text,
	`deleted` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`board_id`, `item_id`),
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `items_owner_idx` ON `items` (`owner_id`);--> statement-breakpoint
CREATE INDEX `items_board_idx` ON `items` (`board_id`);