fn main() -> std::process::ExitCode {
    avgift::cmd::main()
}
