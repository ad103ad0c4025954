"""Benchmark datasets: ``fitnesscrm bench seed`` fills a PostgreSQL database with a large, realistic business
(clients, trainers, two years of calendar, training and progress history) reproducibly from a seed, and
``fitnesscrm bench explain`` checks that the app's hot queries use indexes on it. See bench/README.md."""
