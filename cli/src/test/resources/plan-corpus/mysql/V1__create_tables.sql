CREATE TABLE teams (id int PRIMARY KEY, name varchar(100) NOT NULL) ENGINE=InnoDB;
CREATE INDEX teams_name ON teams (name);
