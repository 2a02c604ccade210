"""Operations: Prometheus metrics, the KPI feed for the state dashboard, the job queues."""
