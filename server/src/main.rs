fn main() -> std::process::ExitCode {
    kinplan_server::cli::main()
}
