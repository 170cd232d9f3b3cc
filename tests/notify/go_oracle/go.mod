module warren/notify-oracle
go 1.21
