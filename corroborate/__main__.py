from corroborate.cli import main

raise SystemExit(main())
