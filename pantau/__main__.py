from pantau.cli import main

main()
