UPDATE items SET note = 'n' || v WHERE note IS NULL;
