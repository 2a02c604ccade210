"""The dispatch board: supervisors watch fulfilment live."""
