UPDATE items SET note = CONCAT('n', v) WHERE note IS NULL;
