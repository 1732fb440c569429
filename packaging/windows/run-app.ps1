# Supplier Pulse on Windows: runs the kiosk or the wallboard and starts it again whenever it
# exits (Task Scheduler's "restart on failure" only covers a task that fails to start).
# Started hidden at logon by the scheduled task (pulse-kiosk-task.xml / pulse-wallboard-task.xml).
param([ValidateSet("kiosk", "wallboard")][string]$App = "kiosk")

$Install = Split-Path -Parent $MyInvocation.MyCommand.Path
$Data = Join-Path $env:ProgramData "Supplier Pulse"
$env:PULSE_DATA_DIR = $Data
$env:PULSE_CONFIG = Join-Path $Data "pulse.toml"
$Exe = Join-Path $Install "pulse-$App\pulse-$App.exe"
$Log = Join-Path $Data "run-$App.log"

while ($true) {
    $started = Get-Date
    $process = Start-Process -FilePath $Exe -WorkingDirectory $Data -PassThru -Wait
    Add-Content -Path $Log -Value "$(Get-Date -Format o) pulse-$App exited with $($process.ExitCode)"
    # A crash loop should not spin the CPU: wait longer when it died within a minute.
    if (((Get-Date) - $started).TotalSeconds -lt 60) { Start-Sleep -Seconds 15 } else { Start-Sleep -Seconds 3 }
}
