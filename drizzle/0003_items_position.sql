ALTER TABLE `items` ADD `position` text;--> statement-breakpoint
-- Rows written before this column have no position: forget when they were projected, so start-up rewrites them.
DELETE FROM `item_projections`;
