-- Where the store's rows came from: the Kafka cluster and each topic by their ids (describeCluster, describeTopics).
-- A store pointed at another cluster, or at a topic deleted and made again, finds different ids here and is rebuilt
-- from the topics (StoreSource), instead of taking the new records' positions for ones it already holds.
CREATE TABLE store_source (
    name VARCHAR(255) NOT NULL PRIMARY KEY,
    kafka_id VARCHAR(255) NOT NULL
);
-- the cluster's row, empty until the feed first asks the cluster; the instances sharing a store lock it in turn
INSERT INTO store_source (name, kafka_id) VALUES ('cluster', '');

-- The last rebuild, for the log and the console's overview: one row.
CREATE TABLE store_rebuild (
    id INT NOT NULL PRIMARY KEY,
    at TIMESTAMP WITH TIME ZONE NOT NULL,
    reason VARCHAR(2000) NOT NULL
);
