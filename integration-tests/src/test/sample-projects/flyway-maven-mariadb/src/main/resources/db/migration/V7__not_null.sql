ALTER TABLE items MODIFY note varchar(20) NOT NULL;
