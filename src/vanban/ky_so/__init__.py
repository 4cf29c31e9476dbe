"""Digital signatures on the PDF as NĐ 30/2020, Phụ lục I lays them out (vanban[signing])."""
